"""Titles and details of problem documents in English and Vietnamese, keyed by the stable error code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# code -> (English title, Vietnamese title)
TITLES: dict[str, tuple[str, str]] = {
    "validation_error": ("The request is not valid", "Yêu cầu không hợp lệ"),
    "not_found": ("Not found", "Không tìm thấy"),
    "method_not_allowed": ("Method not allowed", "Phương thức không được hỗ trợ"),
    "not_authenticated": ("Authentication required", "Cần đăng nhập"),
    "forbidden": ("Not allowed", "Không có quyền"),
    "conflict": ("Conflict", "Xung đột dữ liệu"),
    "already_exists": ("Already exists", "Đã tồn tại"),
    "immutable_field": ("This field cannot be changed", "Không được thay đổi trường này"),
    "precondition_failed": ("The resource has changed", "Dữ liệu đã bị thay đổi"),
    "payload_too_large": ("The request body is too large", "Nội dung yêu cầu quá lớn"),
    "too_many_requests": ("Too many attempts", "Quá nhiều lần thử"),
    "idempotency_key_reused": (
        "The idempotency key was used with another request",
        "Khóa idempotency đã được dùng cho một yêu cầu khác",
    ),
    "idempotency_in_flight": (
        "A request with this idempotency key is still being processed",
        "Yêu cầu với khóa idempotency này đang được xử lý",
    ),
    "idempotency_secret_withheld": (
        "The first request succeeded; its one-time secret is not shown again",
        "Yêu cầu đầu tiên đã thành công; mã bí mật dùng một lần không được hiển thị lại",
    ),
    "concurrent_update": ("The resource was changed concurrently", "Dữ liệu bị thay đổi đồng thời"),
    "internal_error": ("Internal server error", "Lỗi hệ thống"),
    "not_ready": ("The service is not ready", "Dịch vụ chưa sẵn sàng"),
    "gone": ("Removed for good", "Đã bị xóa vĩnh viễn"),
    # ---- the change feed and webhooks ----
    "cursor_expired": (
        "Events after this position were removed by retention",
        "Các sự kiện sau vị trí này đã bị xóa theo thời hạn lưu giữ",
    ),
    "error": ("The request could not be processed", "Không xử lý được yêu cầu"),
    # ---- blocs, campaigns, titles, registrations, pledge ----
    "unit_in_other_bloc": (
        "The unit belongs to another bloc that year",
        "Đơn vị đã thuộc khối thi đua khác trong năm",
    ),
    "member_has_activity": (
        "The unit already took part in the bloc's year",
        "Đơn vị đã tham gia hoạt động của khối trong năm",
    ),
    "campaign_closed": ("The campaign is closed", "Phong trào thi đua đã kết thúc"),
    "invalid_transition": ("This change of status is not allowed", "Không được chuyển sang trạng thái này"),
    "not_a_member": ("The unit is not a member of the bloc that year", "Đơn vị không thuộc khối trong năm"),
    "already_registered": ("Already registered for this title", "Đơn vị đã đăng ký danh hiệu này"),
    "pledge_not_draft": ("The pledge is no longer a draft", "Bản giao ước không còn ở dạng dự thảo"),
    "pledge_not_open": ("The pledge is not open for signing", "Bản giao ước chưa mở hoặc đã đóng ký kết"),
    "already_signed": ("The unit has already signed", "Đơn vị đã ký giao ước"),
    # ---- the bloc's year report ----
    "year_report_adopted": (
        "The year report is adopted and frozen",
        "Báo cáo tổng kết đã được thông qua và không thể thay đổi",
    ),
    "contribution_answered": (
        "The contribution has already been answered",
        "Ý kiến đóng góp đã được trả lời",
    ),
    # ---- criteria and scores ----
    "criteria_locked": ("The criteria are locked", "Bảng tiêu chí đã bị khóa"),
    "criteria_not_set": ("The campaign has no criteria yet", "Phong trào chưa có bảng tiêu chí"),
    "sheet_locked": ("The score sheet is submitted and locked", "Bảng điểm đã nộp và bị khóa"),
    "required_unscored": ("Required items are not scored", "Còn tiêu chí bắt buộc chưa chấm"),
    "conflict_of_interest": ("Nobody reviews their own unit", "Không được chấm điểm đơn vị của mình"),
    # ---- ballot sessions and awards ----
    "delegate_not_member": (
        "A delegate is not an officer of a member unit",
        "Đại biểu không phải cán bộ của đơn vị thành viên",
    ),
    "candidate_not_member": ("A candidate is not a member of the bloc", "Ứng viên không thuộc khối thi đua"),
    "source_not_published": ("The source session is not published", "Phiên bầu nguồn chưa công bố kết quả"),
    "no_candidates": ("There are no candidates", "Không có ứng viên"),
    "prerequisite_not_met": ("A prerequisite title is missing", "Chưa đạt danh hiệu là điều kiện tiên quyết"),
    "session_not_draft": ("The session is no longer a draft", "Phiên bầu không còn ở dạng dự thảo"),
    "session_not_open": ("The session is not open", "Phiên bầu chưa mở hoặc đã đóng"),
    "session_not_closed": ("The session is not closed yet", "Phiên bầu chưa kết thúc"),
    "too_many_streams": ("Too many live streams", "Quá nhiều luồng trực tiếp"),
    "not_in_electorate": (
        "You are not in this session's electorate",
        "Bạn không có quyền bỏ phiếu ở phiên này",
    ),
    "already_voted": ("You have already voted", "Bạn đã bỏ phiếu"),
    "results_not_available": ("The results are not available yet", "Chưa có kết quả"),
    "no_runoff_needed": ("No runoff is needed", "Không cần bỏ phiếu lại"),
    "runoff_exists": ("A runoff already exists", "Đã có phiên bỏ phiếu lại"),
    # paper and mixed ballots (app/counting)
    "paper_session": ("This session votes on paper", "Phiên này bỏ phiếu bằng phiếu giấy"),
    "not_paper_session": ("This session has no paper ballots", "Phiên này không có phiếu giấy"),
    "counting_committee_locked": (
        "The counting committee can no longer change",
        "Không thể thay đổi Ban kiểm phiếu",
    ),
    "counting_committee_missing": ("The session has no counting committee", "Phiên chưa có Ban kiểm phiếu"),
    "not_counting_member": (
        "Not a member of the counting committee",
        "Không phải thành viên Ban kiểm phiếu",
    ),
    "paper_count_missing": ("The paper count is not entered twice yet", "Chưa đủ hai kết quả kiểm phiếu"),
    "paper_counts_disagree": ("The paper counts disagree", "Các kết quả kiểm phiếu không khớp nhau"),
    "paper_count_published": (
        "The results are published; the paper count is final",
        "Kết quả đã công bố; không thể sửa kết quả kiểm phiếu",
    ),
    "award_exists": (
        "The subject already has this award for the year",
        "Đối tượng đã có khen thưởng này trong năm",
    ),
    "criteria_not_met": (
        "The law's criteria are not met",
        "Chưa đáp ứng tiêu chuẩn theo quy định",
    ),
    "subject_mismatch": (
        "The title or form does not fit the subject",
        "Danh hiệu, hình thức khen thưởng không phù hợp với đối tượng",
    ),
    "cap_exceeded": ("The title's cap is reached", "Đã đủ tỷ lệ tối đa của danh hiệu"),
    "quota_exceeded": ("The title's quota would be exceeded", "Vượt quá tỷ lệ, số lượng của danh hiệu"),
    "self_lockout": ("You cannot lock yourself out", "Không thể tự khóa tài khoản quản trị của mình"),
    "last_admin": ("The last administrator cannot be removed", "Không thể gỡ quản trị viên cuối cùng"),
    "invalid_grant": ("Invalid grant", "Thông tin cấp quyền không hợp lệ"),
    "unsupported_media_type": ("Unsupported media type", "Kiểu dữ liệu không được hỗ trợ"),
    "malformed_body": ("The request body cannot be read", "Không đọc được nội dung yêu cầu"),
    # ---- a unit's review of its people ----
    "review_exists": (
        "The unit already has this review for the year",
        "Đơn vị đã có đợt bình xét danh hiệu này trong năm",
    ),
    "candidate_not_in_unit": (
        "A candidate did not work in the unit that year",
        "Cá nhân được bình xét không công tác tại đơn vị trong năm",
    ),
    "elector_not_in_unit": (
        "An elector is not an officer or the head of the unit",
        "Thành viên bỏ phiếu không phải cán bộ thi đua hoặc thủ trưởng của đơn vị",
    ),
    "secret_ballot_required": ("The law asks for a secret ballot", "Pháp luật yêu cầu bỏ phiếu kín"),
    "review_not_voting": ("The review's vote is not open", "Đợt bình xét không trong thời gian bỏ phiếu"),
    "review_not_counted": ("The review's vote is not counted yet", "Đợt bình xét chưa kiểm phiếu"),
    "not_unit_head": ("Only the head of the unit decides", "Chỉ thủ trưởng đơn vị được quyết định"),
    # ---- dossier documents (issue 13) ----
    "document_too_large": ("The document is too large", "Tài liệu có dung lượng quá lớn"),
    "unsupported_document_type": (
        "The document is not of an accepted type",
        "Tài liệu không thuộc loại được chấp nhận",
    ),
    # ---- the council (Hội đồng Thi đua - Khen thưởng) ----
    "not_council_member": ("Not a member of the council", "Không phải thành viên Hội đồng"),
    "not_council_chair": (
        "Only the chair or the secretariat opens and closes a session",
        "Chỉ Chủ tịch Hội đồng hoặc Thường trực Hội đồng được khai mạc, kết thúc phiên họp",
    ),
    "not_council_secretary": (
        "Only the council's secretary or the secretariat records this",
        "Chỉ Thư ký Hội đồng hoặc Thường trực Hội đồng được ghi nội dung này",
    ),
    "conference_exists": (
        "The campaign already has a conference of this kind",
        "Phong trào đã có hội nghị loại này",
    ),
    "conference_finished": ("The conference is closed or cancelled", "Hội nghị đã bế mạc hoặc đã hủy"),
    "conference_not_open": ("The conference is not in session", "Hội nghị chưa khai mạc"),
    "voting_session_mismatch": (
        "The agenda item and its voting session do not fit",
        "Nội dung chương trình và phiên bỏ phiếu không phù hợp",
    ),
    "guest_exists": ("The user is a guest already", "Tài khoản đã là khách mời"),
    "delegate_exists": ("The delegate exists already", "Đại biểu đã có trong danh sách"),
    "delegate_has_no_account": ("The delegate has no account", "Đại biểu chưa có tài khoản"),
    "delegate_not_checked_in": ("The delegate has not checked in", "Đại biểu chưa điểm danh"),
    "already_voting_delegate": ("Already the voting delegate", "Đã là đại biểu biểu quyết"),
    "leadership_recorded": ("Next year's leadership is recorded already", "Đã ghi nhận Khối trưởng năm sau"),
    "leadership_not_recorded": (
        "Next year's leadership is not recorded",
        "Chưa ghi nhận Khối trưởng năm sau",
    ),
    "bloc_year_has_members": ("The bloc already has members that year", "Khối đã có thành viên trong năm"),
    "rotation_mismatch": ("The rotation designates other units", "Luân phiên chỉ định đơn vị khác"),
    "council_has_chair": ("The council already has a chair", "Hội đồng đã có Chủ tịch"),
    "council_member_exists": (
        "The user is a member of the council already",
        "Tài khoản đã là thành viên Hội đồng",
    ),
    "council_member_counted": (
        "A session counted this member: they cannot be removed",
        "Thành viên đã được tính trong phiên họp nên không thể xóa",
    ),
    "user_not_found": ("No such active user", "Không có tài khoản người dùng đang hoạt động này"),
    "agenda_item_not_ready": (
        "An item cannot go on the council's agenda",
        "Nội dung không thể đưa vào chương trình phiên họp Hội đồng",
    ),
    "agenda_empty": ("The session's agenda is empty", "Chương trình phiên họp chưa có nội dung"),
    "quorum_not_met": ("Quorum not met", "Chưa đủ số thành viên dự họp theo quy định"),
    "unknown_regime": ("No legal regime covers the date", "Không có chế độ pháp lý áp dụng cho ngày này"),
    "not_present": (
        "Only members present at the session vote",
        "Chỉ thành viên có mặt tại phiên họp được biểu quyết",
    ),
    "not_on_agenda": (
        "An item is not on the session's agenda",
        "Nội dung không thuộc chương trình phiên họp",
    ),
    "member_not_absent": (
        "Written votes are for members counted absent",
        "Phiếu bằng văn bản chỉ dành cho thành viên vắng mặt",
    ),
    "dossier_locked": ("The dossier cannot be changed now", "Không thể thay đổi hồ sơ lúc này"),
    "document_storage_unconfigured": (
        "Dossier documents are not configured",
        "Chưa cấu hình nơi lưu tài liệu hồ sơ",
    ),
    # ---- webhooks ----
    "unsafe_target": ("The URL may not receive webhooks", "URL này không được nhận webhook"),
    "unknown_event_type": ("Unknown event type", "Loại sự kiện không tồn tại"),
    "event_type_not_readable": (
        "The service client may not receive this event type",
        "Dịch vụ không được nhận loại sự kiện này",
    ),
    "delivery_in_progress": ("The delivery is being sent", "Lượt gửi webhook đang được thực hiện"),
    "endpoint_disabled": ("The webhook endpoint is disabled", "Địa chỉ nhận webhook đang bị tắt"),
    "too_many_endpoints": (
        "The service client has as many webhook endpoints as allowed",
        "Dịch vụ đã có số địa chỉ nhận webhook tối đa",
    ),
    # ---- proposals (issue 13) ----
    "proposal_locked": (
        "Only a draft or a returned proposal can be changed",
        "Chỉ sửa được hồ sơ dự thảo hoặc hồ sơ bị trả lại",
    ),
    "mixed_authority": (
        "The items of one proposal must be decided by one authority",
        "Các nội dung của một tờ trình phải cùng một cấp quyết định",
    ),
    "subject_not_in_unit": (
        "A unit proposes itself or its own people",
        "Đơn vị chỉ đề nghị cho đơn vị mình hoặc cá nhân thuộc đơn vị",
    ),
    "session_not_published": ("The voting session is not published", "Phiên bỏ phiếu chưa công bố kết quả"),
    "no_winners": ("The voting session elected nobody", "Phiên bỏ phiếu không có đơn vị trúng cử"),
    "not_in_consultation": ("The proposal is not in consultation", "Hồ sơ không trong thời gian lấy ý kiến"),
    "proposal_empty": ("The proposal has no item", "Tờ trình chưa có nội dung đề nghị"),
    "dossier_incomplete": ("The dossier is incomplete", "Hồ sơ chưa đầy đủ"),
    "return_reasons_required": (
        "A return names a reason per item",
        "Trả lại hồ sơ phải nêu lý do từng nội dung",
    ),
    "consultation_required": (
        "A public consultation must be held first",
        "Phải lấy ý kiến nhân dân trước",
    ),
    "consultation_running": ("The public consultation is still running", "Đang trong thời gian lấy ý kiến"),
    "comments_unanswered": ("Comments of the consultation are unanswered", "Còn ý kiến góp ý chưa trả lời"),
    "consultation_not_required": (
        "No item needs a public consultation",
        "Không có nội dung nào phải lấy ý kiến nhân dân",
    ),
    "council_outcome_missing": (
        "Items have no council outcome yet",
        "Còn nội dung chưa có kết quả biểu quyết của Hội đồng",
    ),
    "nothing_approved": ("The council approved no item", "Hội đồng không thông qua nội dung nào"),
    "decided_higher": ("Decided by a higher authority", "Thuộc thẩm quyền cấp trên"),
    "decided_here": ("Decided by the minister", "Thuộc thẩm quyền Bộ trưởng"),
    "items_approved": ("Some items were approved", "Có nội dung đã được thông qua"),
    # ---- decisions ----
    "register_exists": (
        "The authority already has a decision register that year",
        "Cơ quan đã có sổ đăng ký quyết định năm này",
    ),
    "register_missing": ("No decision register for that authority and year", "Chưa có sổ đăng ký quyết định"),
    "decision_not_draft": ("The decision is issued", "Quyết định đã được ban hành"),
    "decision_incomplete": ("The decision is incomplete", "Quyết định chưa đủ thông tin"),
    "proposal_not_signing": ("The proposal is not awaiting signature", "Hồ sơ đề nghị chưa ở bước trình ký"),
    "target_not_amendable": (
        "Only an issued award decision is amended or revoked",
        "Chỉ sửa đổi, hủy bỏ quyết định khen thưởng đã ban hành",
    ),
    "unknown_ground": ("Not a ground of revocation", "Không phải căn cứ hủy bỏ quyết định khen thưởng"),
    "outcome_items": (
        "The outcome must name every approved item once",
        "Kết quả phải nêu mỗi nội dung đã thông qua đúng một lần",
    ),
    "more_than_due": ("More than the amount due", "Vượt quá số tiền phải thu hồi"),
}

# Details with placeholders, for the codes whose detail is generated rather than written by the service.
DETAILS: dict[str, tuple[str, str]] = {
    "validation_error": ("{count} field(s) failed validation.", "{count} trường không hợp lệ."),
    "not_found": ("The requested resource does not exist.", "Tài nguyên được yêu cầu không tồn tại."),
    "method_not_allowed": (
        "This method is not allowed on this resource.",
        "Phương thức này không được phép với tài nguyên này.",
    ),
    "not_authenticated": (
        "A valid bearer token is required.",
        "Cần một mã truy cập (bearer token) hợp lệ.",
    ),
    "forbidden": ("You may not perform this action.", "Bạn không được phép thực hiện thao tác này."),
    "payload_too_large": (
        "The request body exceeds {limit} bytes.",
        "Nội dung yêu cầu vượt quá {limit} byte.",
    ),
    "internal_error": (
        "An unexpected error occurred; quote the request id when reporting it.",
        "Đã xảy ra lỗi không mong muốn; hãy cung cấp mã yêu cầu khi báo lỗi.",
    ),
    "precondition_failed": (
        "If-Match does not match the current version of the resource.",
        "If-Match không khớp với phiên bản hiện tại của tài nguyên.",
    ),
    "malformed_body": (
        "The request body cannot be read: it is not UTF-8 text of the declared media type.",
        "Không đọc được nội dung yêu cầu: nội dung không phải văn bản UTF-8 đúng kiểu dữ liệu đã khai báo.",
    ),
    "unsupported_media_type": (
        "This operation does not accept a body of this Content-Type; it accepts {accepted}.",
        "Thao tác này không nhận nội dung có Content-Type này; chỉ nhận {accepted}.",
    ),
}


# pydantic error type -> the Vietnamese of its message (placeholders from the error's ``ctx``). English keeps
# pydantic's own message.
VALIDATION_MSGS_VI: dict[str, str] = {
    "missing": "Thiếu trường bắt buộc",
    "extra_forbidden": "Không được gửi trường này",
    "string_type": "Giá trị phải là chuỗi ký tự",
    "string_too_short": "Chuỗi phải có ít nhất {min_length} ký tự",
    "string_too_long": "Chuỗi chỉ được có tối đa {max_length} ký tự",
    "string_pattern_mismatch": "Chuỗi không đúng định dạng",
    "int_type": "Giá trị phải là số nguyên",
    "int_parsing": "Giá trị phải là số nguyên",
    "int_from_float": "Giá trị phải là số nguyên",
    "float_type": "Giá trị phải là số",
    "float_parsing": "Giá trị phải là số",
    "decimal_type": "Giá trị phải là số thập phân",
    "decimal_parsing": "Giá trị phải là số thập phân",
    "bool_type": "Giá trị phải là true hoặc false",
    "bool_parsing": "Giá trị phải là true hoặc false",
    "greater_than": "Giá trị phải lớn hơn {gt}",
    "greater_than_equal": "Giá trị phải lớn hơn hoặc bằng {ge}",
    "less_than": "Giá trị phải nhỏ hơn {lt}",
    "less_than_equal": "Giá trị phải nhỏ hơn hoặc bằng {le}",
    "enum": "Giá trị phải là một trong: {expected}",
    "literal_error": "Giá trị phải là một trong: {expected}",
    "list_type": "Giá trị phải là một danh sách",
    "too_short": "Độ dài phải ít nhất là {min_length}",
    "too_long": "Độ dài chỉ được tối đa là {max_length}",
    "dict_type": "Giá trị phải là một đối tượng",
    "model_type": "Giá trị phải là một đối tượng",
    "model_attributes_type": "Giá trị phải là một đối tượng",
    "date_type": "Ngày không hợp lệ",
    "date_parsing": "Ngày không hợp lệ",
    "date_from_datetime_parsing": "Ngày không hợp lệ",
    "date_from_datetime_inexact": "Ngày không được có giờ",
    "datetime_type": "Thời điểm không hợp lệ",
    "datetime_parsing": "Thời điểm không hợp lệ",
    "datetime_from_date_parsing": "Thời điểm không hợp lệ",
    "timezone_aware": "Thời điểm phải có múi giờ",
    "uuid_type": "Mã định danh (UUID) không hợp lệ",
    "uuid_parsing": "Mã định danh (UUID) không hợp lệ",
    "json_invalid": "JSON không hợp lệ",
    "json_type": "JSON không hợp lệ",
}


def validation_msg(error: Mapping[str, Any], vi: bool) -> str:
    """One validation error's message: pydantic's in English, ours in Vietnamese for the types above. A
    custom validator's message (``value_error``: which character, at which position) stays as written:
    a generic Vietnamese phrase in its place would say less."""
    own = str(error.get("msg", ""))
    template = VALIDATION_MSGS_VI.get(str(error.get("type", ""))) if vi else None
    if template is None:
        return own
    try:
        return template.format(**dict(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return own


def wants_vietnamese(accept_language: str | None) -> bool:
    """True when Vietnamese is preferred over English in an Accept-Language header."""
    if not accept_language:
        return False
    best_lang, best_q = "", -1.0
    for part in accept_language.split(","):
        pieces = part.strip().split(";")
        lang = pieces[0].strip().lower()
        q = 1.0
        for p in pieces[1:]:
            p = p.strip()
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if lang.split("-")[0] in ("vi", "en") and q > best_q:
            best_lang, best_q = lang, q
    return best_lang.startswith("vi")


def title_for(code: str, vi: bool) -> str:
    en_title, vi_title = TITLES.get(code, (code.replace("_", " ").capitalize(), code.replace("_", " ")))
    return vi_title if vi else en_title


def detail_for(code: str, vi: bool, **params: Any) -> str | None:
    pair = DETAILS.get(code)
    if pair is None:
        return None
    try:
        return (pair[1] if vi else pair[0]).format(**params)
    except KeyError:  # a template whose parameters the caller does not have: no detail
        return None

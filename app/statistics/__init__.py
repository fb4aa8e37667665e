"""The ministry's commendation statistics for a year (thống kê khen thưởng), as JSON and XLSX."""

"""The bare-stack baseline the product is measured against (see ``bench.http_bench``)."""

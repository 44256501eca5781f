{{ config(enabled=var('loyalty__using_surveys', true)) }}
-- The package's NPS mart from this project's survey answers, all
-- touchpoints: January 10 and 9 (NPS 100); February 7 and 3 (-50).
select 'nps_by_period' as mart
from {{ ref('nps_by_period') }}
where
    period_grain = 'month' and touchpoint = 'all'
    and not (
        (period_start = date '2025-01-01' and responses = 2 and nps = 100)
        or (period_start = date '2025-02-01' and responses = 2 and nps = -50)
        or (period_start = date '2025-03-01' and responses = 0)
    )

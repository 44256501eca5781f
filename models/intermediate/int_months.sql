with

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

final as (
    {{ loyalty.period_spine('reporting_window', 'month') }}
)

select * from final

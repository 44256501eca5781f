with

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

final as (
    {{ loyalty.period_spine('reporting_window', var('reporting_grain')) }}
)

select * from final

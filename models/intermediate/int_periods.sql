{#- The periods of the grains in var reporting_grains (int_period_spine). -#}
with

spine as (
    select * from {{ ref('int_period_spine') }}
),

final as (
    select
        spine.period_grain,
        spine.period_start,
        spine.period_end,
        spine.start_day,
        spine.end_day,
        spine.is_complete_period
    from spine
    where spine.period_grain in ('{{ loyalty.reporting_grains() | join("', '") }}')
)

select * from final

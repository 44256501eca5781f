with

spine as (
    select * from {{ ref('int_period_spine') }}
),

final as (
    select
        spine.period_start,
        spine.period_end,
        spine.start_day,
        spine.end_day,
        spine.is_complete_period
    from spine
    where spine.period_grain = 'month'
)

select * from final

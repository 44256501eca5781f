-- Monthly retention next to the member / non-member comparison, for one
-- chart: overall retention, both groups, and whether the gap is significant.
{{ config(enabled=loyalty.using('loyalty')) }}
with

retention as (
    select * from {{ ref('retention_by_period') }}
),

impact as (
    select * from {{ ref('loyalty_program_impact') }}
),

final as (
    select
        retention.period_grain,
        retention.period_start,
        retention.retention_rate,
        impact.member_retention_rate,
        impact.non_member_retention_rate,
        impact.retention_difference,
        impact.p_value,
        coalesce(impact.p_value < 0.05, false) as is_significant
    from retention
    left join impact
        on
            retention.period_grain = impact.period_grain
            and retention.period_start = impact.period_start
    where retention.is_complete_period and retention.period_grain = 'month'
)

select * from final
order by period_start

{#- One row per period (of every grain in reporting_grains) and customer active at its start
    (on p_start - 1) or at its end (on p_end, or as_of_date in the incomplete
    last period), per docs/metrics.md section 3 and 4, with whether the customer's first
    activity date lies in the period. The building block of
    retention_by_period and loyalty_program_impact. -#}
with

periods as (
    select * from {{ ref('int_periods') }}
),

intervals as (
    select * from {{ ref('int_customers_activity_intervals') }}
),

first_activity as (
    select * from {{ ref('int_customers_first_activity') }}
),

active_at_start as (
    select
        periods.period_grain,
        periods.period_start,
        intervals.customer_id
    from periods
    inner join intervals
        on {{ loyalty.is_active_on('intervals', 'periods.start_day') }}
),

active_at_end as (
    select
        periods.period_grain,
        periods.period_start,
        intervals.customer_id
    from periods
    inner join intervals
        on {{ loyalty.is_active_on('intervals', 'periods.end_day') }}
),

customer_periods as (
    select
        coalesce(active_at_start.period_grain, active_at_end.period_grain) as period_grain,
        coalesce(active_at_start.period_start, active_at_end.period_start) as period_start,
        coalesce(active_at_start.customer_id, active_at_end.customer_id) as customer_id,
        active_at_start.customer_id is not null as is_active_at_start,
        active_at_end.customer_id is not null as is_active_at_end
    from active_at_start
    full outer join active_at_end
        on
            active_at_start.period_grain = active_at_end.period_grain
            and active_at_start.period_start = active_at_end.period_start
            and active_at_start.customer_id = active_at_end.customer_id
),

classified as (
    select
        customer_periods.period_grain,
        customer_periods.period_start,
        customer_periods.customer_id,
        customer_periods.is_active_at_start,
        customer_periods.is_active_at_end,
        coalesce(
            first_activity.first_activity_date >= periods.period_start
            and first_activity.first_activity_date <= periods.period_end,
            false
        ) as is_first_active_in_period
    from customer_periods
    inner join periods
        on
            customer_periods.period_grain = periods.period_grain
            and customer_periods.period_start = periods.period_start
    left join first_activity
        on customer_periods.customer_id = first_activity.customer_id
),

final as (
    select
        classified.period_grain,
        classified.period_start,
        classified.customer_id,
        classified.is_active_at_start,
        classified.is_active_at_end,
        classified.is_first_active_in_period
    from classified
)

select * from final

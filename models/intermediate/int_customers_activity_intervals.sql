{#- Metric-spec 3 as intervals. A completed order on day o makes its
    customer active on [o, o + inactivity_days - 1]; a subscription row on
    [date(started_at), date(ended_at) - 1] (open rows: on and on). Overlapping
    or touching intervals merge, so "active on d" is one range lookup and the
    work grows with orders, not with customers x days. Intervals are cut at
    as_of_date, after which nothing is reported. -#}

with

orders as (
    select * from {{ ref('int_orders_completed') }}
),

subscriptions as (
    select * from {{ ref('stg_loyalty__subscriptions') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

raw_intervals as (
    select
        orders.customer_id,
        orders.ordered_date as interval_from,
        {{ loyalty.add_days('orders.ordered_date', var('inactivity_days') | int - 1) }} as interval_to
    from orders

    union all

    select
        subscriptions.customer_id,
        subscriptions.started_date as interval_from,
        coalesce({{ loyalty.add_days('subscriptions.ended_date', -1) }}, reporting_window.as_of_date) as interval_to
    from subscriptions
    cross join reporting_window
    where subscriptions.started_date <= reporting_window.as_of_date
),

cut_at_as_of_date as (
    select
        raw_intervals.customer_id,
        raw_intervals.interval_from,
        case
            when raw_intervals.interval_to > reporting_window.as_of_date then reporting_window.as_of_date
            else raw_intervals.interval_to
        end as interval_to
    from raw_intervals
    cross join reporting_window
),

distinct_starts as (
    {#- One row per customer and start day, so the ordering below has no
        ties: with duplicate (from, to) rows, two window passes could order
        the copies differently under parallel execution and split an island. -#}
    select
        cut_at_as_of_date.customer_id,
        cut_at_as_of_date.interval_from,
        max(cut_at_as_of_date.interval_to) as interval_to
    from cut_at_as_of_date
    where cut_at_as_of_date.interval_from <= cut_at_as_of_date.interval_to
    group by cut_at_as_of_date.customer_id, cut_at_as_of_date.interval_from
),

with_reach as (
    select
        distinct_starts.customer_id,
        distinct_starts.interval_from,
        distinct_starts.interval_to,
        max(distinct_starts.interval_to) over (
            partition by distinct_starts.customer_id
            order by distinct_starts.interval_from
            rows between unbounded preceding and 1 preceding
        ) as reach
    from distinct_starts
),

with_islands as (
    {#- Intervals that overlap or touch (start <= reach + 1) join the island
        before them; any other start opens a new island. -#}
    select
        with_reach.customer_id,
        with_reach.interval_from,
        with_reach.interval_to,
        sum(
            case
                when with_reach.reach is null then 1
                when with_reach.interval_from > {{ loyalty.add_days('with_reach.reach', 1) }} then 1
                else 0
            end
        ) over (
            partition by with_reach.customer_id
            order by with_reach.interval_from
            rows unbounded preceding
        ) as island
    from with_reach
),

final as (
    select
        with_islands.customer_id,
        min(with_islands.interval_from) as active_from,
        max(with_islands.interval_to) as active_to
    from with_islands
    group by with_islands.customer_id, with_islands.island
)

select * from final

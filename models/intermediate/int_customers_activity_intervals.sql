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

final as (
    {{ loyalty.merge_intervals('cut_at_as_of_date', 'customer_id', 'interval_from', 'interval_to') }}
)

select * from final

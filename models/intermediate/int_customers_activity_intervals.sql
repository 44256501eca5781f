{#- Metric-spec 3 as intervals. A completed order on day o makes its
    customer active on [o, o + inactivity_days - 1]; a subscription row on
    [date(started_at), date(ended_at) - 1] (open rows: on and on). Overlapping
    or touching intervals merge, so "active on d" is one range lookup and the
    work grows with orders, not with customers x days. Intervals are cut at
    as_of_date, after which nothing is reported; each island keeps its
    uncut end (reaches_to). Incremental (docs/decisions.md, "Daily runs"): a
    build recomputes the customers whose orders or subscriptions changed,
    and, when as_of_date moved, those with a subscription starting between
    the two; every other island's end is set from its uncut end and this
    build's as_of_date (macros/utils/recomputed_activity.sql). -#}
{{ config(**loyalty.recomputed_rows_config(
    pre_hook="{{ loyalty.delete_recomputed_activity(ref('int_customers_purchases_changed'), ref('int_customers_subscriptions_changed'), ref('int_reporting_window'), ref('stg_loyalty__subscriptions')) }}",
)) }}
-- depends_on: {{ ref('int_customers_purchases_changed') }}
-- depends_on: {{ ref('int_customers_subscriptions_changed') }}
{%- set last = loyalty.last_activity_computation(
    ref('int_customers_purchases_changed'), ref('int_customers_subscriptions_changed'), ref('int_reporting_window')) %}

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

{% for rows in ['orders', 'subscriptions'] -%}
computed_{{ rows }} as {% if last %}{{ loyalty.chosen_rows_cte() }} {% endif %}(
    select {{ rows }}.* from {{ rows }}
    {%- if last %}
    where {{ loyalty.is_recomputed_interval_customer(
        rows ~ '.customer_id', last, ref('int_customers_purchases_changed'), ref('int_customers_subscriptions_changed'),
        ref('int_reporting_window'), ref('stg_loyalty__subscriptions')) }}
    {%- endif %}
),

{% endfor -%}
raw_intervals as (
    {#- Each interval's start and uncut end (reaches_to): null for an open
        subscription, which reaches on and on. -#}
    select
        computed_orders.customer_id,
        computed_orders.ordered_date as interval_from,
        {{ loyalty.add_days('computed_orders.ordered_date', var('inactivity_days') | int - 1) }} as reaches_to
    from computed_orders

    union all

    select
        computed_subscriptions.customer_id,
        computed_subscriptions.started_date as interval_from,
        {{ loyalty.add_days('computed_subscriptions.ended_date', -1) }} as reaches_to
    from computed_subscriptions
    cross join reporting_window
    where computed_subscriptions.started_date <= reporting_window.as_of_date
),

cut_at_as_of_date as (
    select
        raw_intervals.customer_id,
        raw_intervals.interval_from,
        {{ loyalty.interval_end('raw_intervals.reaches_to', 'reporting_window.as_of_date') }} as interval_to,
        raw_intervals.reaches_to
    from raw_intervals
    cross join reporting_window
),

valid_intervals as (
    {#- Each interval with its start as a day number. Same-day orders give
        identical intervals: every window below orders by this number with a
        `range` frame, which takes all rows of one start day at once (peers),
        so the order of those ties cannot split an island. -#}
    select
        cut_at_as_of_date.customer_id,
        cut_at_as_of_date.interval_from,
        cut_at_as_of_date.interval_to,
        cut_at_as_of_date.reaches_to,
        {{ loyalty.day_number('cut_at_as_of_date.interval_from') }} as start_day_number
    from cut_at_as_of_date
    where cut_at_as_of_date.interval_from <= cut_at_as_of_date.interval_to
),

with_reach as (
    {#- The furthest end among the intervals starting on an earlier day. -#}
    select
        valid_intervals.customer_id,
        valid_intervals.interval_from,
        valid_intervals.interval_to,
        valid_intervals.reaches_to,
        valid_intervals.start_day_number,
        max(valid_intervals.interval_to) over (
            partition by valid_intervals.customer_id
            order by valid_intervals.start_day_number
            range between unbounded preceding and 1 preceding
        ) as reach
    from valid_intervals
),

with_islands as (
    {#- Intervals that overlap or touch (start <= reach + 1) join the island
        before them; any other start opens a new island. Intervals of one
        start day open it together, and the running sum over their day gives
        them one number. -#}
    select
        with_reach.customer_id,
        with_reach.interval_from,
        with_reach.interval_to,
        with_reach.reaches_to,
        sum(
            case
                when with_reach.reach is null then 1
                when with_reach.interval_from > {{ loyalty.add_days('with_reach.reach', 1) }} then 1
                else 0
            end
        ) over (
            partition by with_reach.customer_id
            order by with_reach.start_day_number
            range between unbounded preceding and current row
        ) as island
    from with_reach
),

final as (
    select
        with_islands.customer_id,
        min(with_islands.interval_from) as active_from,
        max(with_islands.interval_to) as active_to,
        {#- Null when an open subscription is in the island. #}
        case
            when count(with_islands.reaches_to) = count(*) then max(with_islands.reaches_to)
        end as reaches_to,
        {{ loyalty.run_timestamp() }} as computed_at
    from with_islands
    group by with_islands.customer_id, with_islands.island
)

select * from final

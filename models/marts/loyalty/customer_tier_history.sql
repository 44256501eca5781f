{#- Recomputed by customer in an incremental build (docs/decisions.md,
    "Daily runs"; last_tier_history_build): the customers whose orders may
    have changed, and, when new month ends are complete, the rows of those
    month ends for every other customer (from the orders of the 365 days
    before the last month end computed, whose row gives their previous
    tier). -#}
{{ config(enabled=loyalty.using('loyalty'), **loyalty.recomputed_rows_config(
    pre_hook="{{ loyalty.delete_tier_history_to_recompute(ref('int_customers_purchases_changed'), ref('int_tier_bands'), ref('int_months')) }}",
)) }}
{%- set changes = ref('int_customers_purchases_changed') %}
{%- set last = loyalty.last_tier_history_build(changes, ref('int_tier_bands'), ref('int_months')) %}

with

all_orders as (
    select * from {{ ref('int_orders_completed') }}
),

orders as (
    select all_orders.* from all_orders
    {%- if last and last.new_month_ends %}
    where
        {{ loyalty.is_recomputed_customer('all_orders.customer_id', changes, last.since) }}
        or all_orders.ordered_date >= {{ loyalty.add_days(last.last_month_end, -364) }}
    {%- elif last %}
    where {{ loyalty.is_recomputed_customer('all_orders.customer_id', changes, last.since) }}
    {%- endif %}
),

first_activity as (
    select * from {{ ref('int_customers_first_activity') }}
),

months as (
    select * from {{ ref('int_months') }}
),

tier_bands as (
    select * from {{ ref('int_tier_bands') }}
),

month_ends as (
    select months.period_end as month_end
    from months
    where months.is_complete_period
),

customer_month_ends as (
    {#- From the end of the first order month through the last month end on or
        before as_of_date (docs/metrics.md, tiers). -#}
    select
        first_activity.customer_id,
        month_ends.month_end
    from first_activity
    inner join month_ends
        on first_activity.first_order_date <= month_ends.month_end
    {%- if last and last.new_month_ends %}
    where
        {{ loyalty.is_recomputed_customer('first_activity.customer_id', changes, last.since) }}
        or month_ends.month_end >= {{ last.last_month_end }}
    {%- elif last %}
    where {{ loyalty.is_recomputed_customer('first_activity.customer_id', changes, last.since) }}
    {%- endif %}
),

spend_events as (
    {#- Each completed order, and each month end at no spend. Orders are not
        summed per day first: the range frame below takes a day's orders at
        once anyway, and the sum cost more than the rows it saved (8.9 M
        orders on 8.5 M customer days at 1 M customers). -#}
    select
        orders.customer_id,
        orders.ordered_date as event_date,
        orders.amount as spend_change,
        false as is_month_end
    from orders

    union all

    select
        customer_month_ends.customer_id,
        customer_month_ends.month_end as event_date,
        0 as spend_change,
        true as is_month_end
    from customer_month_ends
),

running_spend as (
    {#- Spend on [d - 364, d]: a range frame over day numbers, which also
        takes every event of one day at once, so the order of same-day
        events cannot change a sum. -#}
    select
        spend_events.customer_id,
        spend_events.event_date,
        spend_events.is_month_end,
        sum(spend_events.spend_change) over (
            partition by spend_events.customer_id
            order by {{ loyalty.day_number('spend_events.event_date') }}
            range between 364 preceding and current row
        ) as qualifying_spend
    from spend_events
),

tiered as (
    select
        running_spend.customer_id,
        running_spend.event_date as month_end,
        running_spend.qualifying_spend,
        tier_bands.tier_name,
        tier_bands.tier_rank
    from running_spend
    left join tier_bands
        on {{ loyalty.in_tier_band('running_spend.qualifying_spend', 'tier_bands') }}
    where running_spend.is_month_end
),

with_previous as (
    select
        tiered.customer_id,
        tiered.tier_name,
        tiered.qualifying_spend,
        tiered.tier_rank,
        lag(tiered.tier_rank) over (partition by tiered.customer_id order by tiered.month_end) as previous_tier_rank,
        tiered.month_end
    from tiered
),

final as (
    {#- Text as the contract types it: an incremental build compares the
        types of its new rows with the table's (PostgreSQL: text is not varchar). #}
    select
        cast(with_previous.customer_id as {{ loyalty.type_text() }}) as customer_id,
        cast(with_previous.tier_name as {{ loyalty.type_text() }}) as tier_name,
        cast({{ loyalty.tier_change('with_previous.previous_tier_rank', 'with_previous.tier_rank') }} as {{ loyalty.type_text() }}) as tier_change,
        cast(with_previous.qualifying_spend as {{ loyalty.type_money_total() }}) as qualifying_spend,
        cast(with_previous.tier_rank as integer) as tier_rank,
        cast(with_previous.previous_tier_rank as integer) as previous_tier_rank,
        with_previous.month_end,
        {{ loyalty.run_timestamp() }} as computed_at
    from with_previous
    {%- if last and last.new_month_ends %}
    {#- The last month end computed was read for the previous tier only. #}
    where
        {{ loyalty.is_recomputed_customer('with_previous.customer_id', changes, last.since) }}
        or with_previous.month_end > {{ last.last_month_end }}
    {%- endif %}
)

select * from final

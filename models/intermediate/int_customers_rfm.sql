{#- Per customer with a completed order up to as_of_date: order totals and
    the purchase-day summary the BG/NBD literature uses (docs/metrics.md section 8).
    Orders are counted by purchase day: frequency = distinct order days - 1,
    recency = days from the first to the last order day, T = days from the
    first order day to as_of_date, monetary_value = mean revenue of the
    repeat order days (null without one).
    Recomputed by customer in an incremental build (docs/decisions.md,
    "Daily runs"): the customers int_customers_purchases_changed logged
    since; every other row's age_days is set to this build's as_of_date
    (delete_recomputed_rfm), the only value of theirs that can change. -#}
{{ config(enabled=loyalty.using('ltv'), **loyalty.recomputed_rows_config(
    pre_hook="{{ loyalty.delete_recomputed_rfm(ref('int_customers_purchases_changed'), ref('int_reporting_window')) }}",
)) }}
-- depends_on: {{ ref('int_customers_purchases_changed') }}
{%- set last = loyalty.last_computation(ref('int_customers_purchases_changed'), 'customer') %}

with

all_orders as (
    select * from {{ ref('int_orders_completed') }}
),

orders as {% if last %}{{ loyalty.chosen_rows_cte() }} {% endif %}(
    select all_orders.* from all_orders
    {%- if last %}
    where {{ loyalty.is_recomputed_customer('all_orders.customer_id', ref('int_customers_purchases_changed'), last.since) }}
    {%- endif %}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

first_days as (
    select
        orders.customer_id,
        min(orders.ordered_date) as first_order_date
    from orders
    group by orders.customer_id
),

customers as (
    {#- One pass over the orders: purchase days are counted distinct, not
        grouped first (a hash aggregate of 8.9 M orders into 8.5 M days at
        1 M customers, for nearly nothing). -#}
    select
        orders.customer_id,
        count(*) as order_count,
        sum(orders.amount) as historical_ltv,
        count(distinct orders.ordered_date) - 1 as frequency,
        min(orders.ordered_date) as first_order_date,
        max(orders.ordered_date) as last_order_date,
        {#- Summed as exact decimals, divided once: a sum of doubles depends
            on the order parallel threads add them in. -#}
        sum(case when orders.ordered_date > first_days.first_order_date then orders.amount end)
            as repeat_revenue
    from orders
    inner join first_days
        on orders.customer_id = first_days.customer_id
    group by orders.customer_id
),

final as (
    select
        customers.customer_id,
        cast(customers.order_count as {{ dbt.type_bigint() }}) as order_count,
        cast(customers.historical_ltv as {{ loyalty.type_money_total() }}) as historical_ltv,
        {{ loyalty.safe_divide('customers.historical_ltv', 'customers.order_count') }} as average_order_value,
        cast(customers.frequency as integer) as frequency,
        cast({{ loyalty.day_diff('customers.first_order_date', 'customers.last_order_date') }} as integer) as recency_days,
        {{ loyalty.customer_age_days('customers.first_order_date', 'reporting_window.as_of_date') }} as age_days,
        {{ loyalty.safe_divide('customers.repeat_revenue', 'customers.frequency') }} as monetary_value,
        customers.first_order_date,
        customers.last_order_date,
        {{ loyalty.run_timestamp() }} as computed_at
    from customers
    cross join reporting_window
)

select * from final

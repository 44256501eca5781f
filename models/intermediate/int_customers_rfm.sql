{#- Per customer with a completed order up to as_of_date: order totals and
    the purchase-day summary the BG/NBD literature uses (docs/metrics.md section 8).
    Orders are counted by purchase day: frequency = distinct order days - 1,
    recency = days from the first to the last order day, T = days from the
    first order day to as_of_date, monetary_value = mean revenue of the
    repeat order days (null without one). -#}
{{ config(enabled=loyalty.using('ltv')) }}
with

orders as (
    select * from {{ ref('int_orders_completed') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

order_days as (
    select
        orders.customer_id,
        orders.ordered_date,
        sum(orders.amount) as day_revenue,
        count(*) as day_orders
    from orders
    group by orders.customer_id, orders.ordered_date
),

ranked_days as (
    select
        order_days.*,
        min(order_days.ordered_date) over (partition by order_days.customer_id) as first_order_date
    from order_days
),

customers as (
    select
        ranked_days.customer_id,
        sum(ranked_days.day_orders) as order_count,
        sum(ranked_days.day_revenue) as historical_ltv,
        count(*) - 1 as frequency,
        min(ranked_days.ordered_date) as first_order_date,
        max(ranked_days.ordered_date) as last_order_date,
        {#- Summed as exact decimals, divided once: a sum of doubles depends
            on the order parallel threads add them in. -#}
        sum(case when ranked_days.ordered_date > ranked_days.first_order_date then ranked_days.day_revenue end)
            as repeat_revenue
    from ranked_days
    group by ranked_days.customer_id
),

final as (
    select
        customers.customer_id,
        cast(customers.order_count as {{ dbt.type_bigint() }}) as order_count,
        cast(customers.historical_ltv as {{ loyalty.type_money_total() }}) as historical_ltv,
        {{ loyalty.safe_divide('customers.historical_ltv', 'customers.order_count') }} as average_order_value,
        cast(customers.frequency as integer) as frequency,
        cast({{ loyalty.day_diff('customers.first_order_date', 'customers.last_order_date') }} as integer) as recency_days,
        cast({{ loyalty.day_diff('customers.first_order_date', 'reporting_window.as_of_date') }} as integer) as age_days,
        {{ loyalty.safe_divide('customers.repeat_revenue', 'customers.frequency') }} as monetary_value,
        customers.first_order_date,
        customers.last_order_date
    from customers
    cross join reporting_window
)

select * from final

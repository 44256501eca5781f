{#- Simple lifetime value per segment (docs/metrics.md section 8) over the trailing
    window W = [as_of_date - 364, as_of_date]: average order value x purchase
    frequency x gross_margin x expected lifespan, the lifespan being 1 /
    annual churn rate capped at ltv_max_lifespan_years. -#}
{{ config(enabled=loyalty.using('ltv')) }}
with

customers as (
    select * from {{ ref('stg_loyalty__customers') }}
),

orders as (
    select * from {{ ref('int_orders_completed') }}
),

intervals as (
    select * from {{ ref('int_customers_activity_intervals') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

customer_segments as (
    select
        customers.customer_id,
        'all' as segment
    from customers

    union all

    select
        customers.customer_id,
        coalesce(customers.acquisition_channel, 'unknown') as segment
    from customers
),

window_orders as (
    select
        orders.customer_id,
        count(*) as order_count,
        sum(orders.amount) as revenue
    from orders
    cross join reporting_window
    where orders.ordered_date >= {{ loyalty.add_days('reporting_window.as_of_date', -364) }}
    group by orders.customer_id
),

status as (
    {#- Section 4 on W as one period: S active on as_of_date - 365, E on as_of_date. -#}
    select
        customers.customer_id,
        max(
            case
                when {{ loyalty.is_active_on('intervals', loyalty.add_days('reporting_window.as_of_date', -365)) }}
                    then 1
                else 0
            end
        ) = 1 as is_active_at_start,
        max(
            case
                when {{ loyalty.is_active_on('intervals', 'reporting_window.as_of_date') }}
                    then 1
                else 0
            end
        ) = 1 as is_active_at_end
    from customers
    cross join reporting_window
    inner join intervals
        on customers.customer_id = intervals.customer_id
    group by customers.customer_id
),

segments as (
    select
        customer_segments.segment,
        count(window_orders.customer_id) as customers_with_orders,
        coalesce(sum(window_orders.order_count), 0) as order_count,
        coalesce(sum(window_orders.revenue), 0) as revenue,
        count(case when status.is_active_at_start then 1 end) as customers_at_start,
        count(case when status.is_active_at_start and not status.is_active_at_end then 1 end) as churned_customers
    from customer_segments
    left join window_orders
        on customer_segments.customer_id = window_orders.customer_id
    left join status
        on customer_segments.customer_id = status.customer_id
    group by customer_segments.segment
),

rates as (
    select
        segments.*,
        {{ loyalty.safe_divide('segments.revenue', 'segments.order_count') }} as average_order_value,
        {{ loyalty.safe_divide('segments.order_count', 'segments.customers_with_orders') }} as purchase_frequency,
        {{ loyalty.safe_divide('segments.churned_customers', 'segments.customers_at_start') }} as annual_churn_rate
    from segments
),

final as (
    select
        rates.segment,
        cast(rates.customers_with_orders as {{ dbt.type_bigint() }}) as customers_with_orders,
        cast(rates.order_count as {{ dbt.type_bigint() }}) as orders,
        cast(rates.revenue as {{ loyalty.type_money_total() }}) as revenue,
        rates.average_order_value,
        rates.purchase_frequency,
        cast(rates.customers_at_start as {{ dbt.type_bigint() }}) as customers_at_start,
        cast(rates.churned_customers as {{ dbt.type_bigint() }}) as churned_customers,
        rates.annual_churn_rate,
        {{ loyalty.expected_lifespan_years('rates.annual_churn_rate') }} as expected_lifespan_years,
        cast({{ var('gross_margin') }} as {{ loyalty.type_double() }}) as gross_margin,
        rates.average_order_value * rates.purchase_frequency * {{ var('gross_margin') }}
        * {{ loyalty.expected_lifespan_years('rates.annual_churn_rate') }} as simple_ltv
    from rates
)

select * from final

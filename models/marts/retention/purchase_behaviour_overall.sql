with

customer_purchases as (
    select * from {{ ref('int_customers_purchases') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

totals as (
    select
        count(*) as customers_with_orders,
        sum(customer_purchases.order_count) as order_count,
        sum(customer_purchases.revenue) as revenue,
        {{ loyalty.repeat_purchase_rate('customer_purchases.order_count') }} as repeat_purchase_rate,
        {{ loyalty.cross_sell_rate('customer_purchases.category_count', 'customer_purchases.order_count') }}
            as cross_sell_rate
    from customer_purchases
),

final as (
    select
        cast(totals.customers_with_orders as {{ dbt.type_bigint() }}) as customers_with_orders,
        cast(coalesce(totals.order_count, 0) as {{ dbt.type_bigint() }}) as orders,
        cast(coalesce(totals.revenue, 0) as {{ loyalty.type_money_total() }}) as revenue,
        totals.repeat_purchase_rate,
        totals.cross_sell_rate,
        {{ loyalty.safe_divide('totals.revenue', 'totals.order_count') }} as average_order_value,
        {{ loyalty.safe_divide('totals.revenue', 'totals.customers_with_orders') }} as revenue_per_customer,
        reporting_window.as_of_date
    from totals
    cross join reporting_window
)

select * from final

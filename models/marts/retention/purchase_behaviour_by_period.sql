with

customer_purchases as (
    select * from {{ ref('int_customers_purchases_by_period') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

period_totals as (
    select
        customer_purchases.period_grain,
        customer_purchases.period_start,
        count(*) as customers_with_orders,
        sum(customer_purchases.order_count) as order_count,
        sum(customer_purchases.revenue) as revenue,
        {{ loyalty.repeat_purchase_rate('customer_purchases.order_count') }} as repeat_purchase_rate,
        {{ loyalty.cross_sell_rate('customer_purchases.category_count', 'customer_purchases.order_count') }}
            as cross_sell_rate
    from customer_purchases
    group by customer_purchases.period_grain, customer_purchases.period_start
),

final as (
    select
        periods.period_grain,
        periods.period_start,
        cast(coalesce(period_totals.customers_with_orders, 0) as {{ dbt.type_bigint() }}) as customers_with_orders,
        cast(coalesce(period_totals.order_count, 0) as {{ dbt.type_bigint() }}) as orders,
        cast(coalesce(period_totals.revenue, 0) as {{ loyalty.type_money_total() }}) as revenue,
        period_totals.repeat_purchase_rate,
        period_totals.cross_sell_rate,
        {{ loyalty.safe_divide('period_totals.revenue', 'period_totals.order_count') }} as average_order_value,
        {{ loyalty.safe_divide('period_totals.revenue', 'period_totals.customers_with_orders') }}
            as revenue_per_customer,
        periods.is_complete_period,
        periods.period_end
    from periods
    left join period_totals
        on
            periods.period_grain = period_totals.period_grain
            and periods.period_start = period_totals.period_start
)

select * from final

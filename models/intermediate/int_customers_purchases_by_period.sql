with

orders as (
    select * from {{ ref('int_orders_completed') }}
),

categories as (
    select * from {{ ref('int_customers_categories_by_month') }}
),

order_totals as (
    select
        orders.customer_id,
        {{ loyalty.period_start('orders.ordered_date') }} as period_start,
        count(*) as order_count,
        sum(orders.amount) as revenue
    from orders
    group by orders.customer_id, {{ loyalty.period_start('orders.ordered_date') }}
),

category_counts as (
    select
        categories.customer_id,
        {{ loyalty.period_start('categories.month_start') }} as period_start,
        count(distinct categories.category) as category_count
    from categories
    group by categories.customer_id, {{ loyalty.period_start('categories.month_start') }}
),

final as (
    select
        order_totals.customer_id,
        order_totals.period_start,
        order_totals.order_count,
        order_totals.revenue,
        coalesce(category_counts.category_count, 0) as category_count
    from order_totals
    left join category_counts
        on
            order_totals.customer_id = category_counts.customer_id
            and order_totals.period_start = category_counts.period_start
)

select * from final

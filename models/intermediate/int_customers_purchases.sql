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
        count(*) as order_count,
        sum(orders.amount) as revenue,
        min(orders.ordered_date) as first_order_date,
        max(orders.ordered_date) as last_order_date
    from orders
    group by orders.customer_id
),

category_counts as (
    select
        categories.customer_id,
        count(distinct categories.category) as category_count
    from categories
    group by categories.customer_id
),

final as (
    select
        order_totals.customer_id,
        order_totals.order_count,
        order_totals.revenue,
        coalesce(category_counts.category_count, 0) as category_count,
        order_totals.first_order_date,
        order_totals.last_order_date
    from order_totals
    left join category_counts
        on order_totals.customer_id = category_counts.customer_id
)

select * from final

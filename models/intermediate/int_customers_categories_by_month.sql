{#- Distinct categories per customer and calendar month: the one join of
    completed orders with their items and products. A month is the finest
    period, so distinct counts for any coarser period or for all history
    come from these rows without joining again. -#}
with

orders as (
    select * from {{ ref('int_orders_completed') }}
),

order_items as (
    select * from {{ ref('stg_loyalty__order_items') }}
),

products as (
    select * from {{ ref('stg_loyalty__products') }}
),

final as (
    select distinct
        orders.customer_id,
        {{ loyalty.period_start('orders.ordered_date', 'month') }} as month_start,
        products.category
    from orders
    inner join order_items
        on orders.order_id = order_items.order_id
    inner join products
        on order_items.product_id = products.product_id
)

select * from final

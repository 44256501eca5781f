{#- Distinct categories per customer and calendar month: the one join of
    completed orders with their items and products. A month is the finest
    period, so distinct counts for any coarser period or for all history
    come from these rows without joining again. Incremental (docs/decisions.md,
    "Daily runs"): a build recomputes the customers
    int_customers_purchases_changed logged since this model last computed
    any, and keeps the others' rows. -#}
{{ config(**loyalty.recomputed_rows_config()) }}
-- depends_on: {{ ref('int_customers_purchases_changed') }}
{%- set since = loyalty.recompute_customers_since(ref('int_customers_purchases_changed')) %}

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

computed_orders as {% if since %}{{ loyalty.chosen_rows_cte() }} {% endif %}(
    select orders.* from orders
    {%- if since %}
    where {{ loyalty.is_recomputed_customer('orders.customer_id', ref('int_customers_purchases_changed'), since) }}
    {%- endif %}
),

final as (
    select distinct
        computed_orders.customer_id,
        {{ loyalty.period_start('computed_orders.ordered_date', 'month') }} as month_start,
        products.category,
        {{ loyalty.run_timestamp() }} as computed_at
    from computed_orders
    inner join order_items
        on computed_orders.order_id = order_items.order_id
    inner join products
        on order_items.product_id = products.product_id
)

select * from final

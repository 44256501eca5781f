{#- Recomputed by customer in an incremental build, like the models it
    reads (docs/decisions.md, "Daily runs"). -#}
{{ config(**loyalty.recomputed_rows_config()) }}
-- depends_on: {{ ref('int_customers_purchases_changed') }}
{%- set since = loyalty.recompute_customers_since(ref('int_customers_purchases_changed')) %}

with

all_orders as (
    select * from {{ ref('int_orders_completed') }}
),

all_categories as (
    select * from {{ ref('int_customers_categories_by_month') }}
),

orders as (
    select all_orders.* from all_orders
    {%- if since %}
    where {{ loyalty.is_recomputed_customer('all_orders.customer_id', ref('int_customers_purchases_changed'), since) }}
    {%- endif %}
),

categories as (
    select all_categories.* from all_categories
    {%- if since %}
    where {{ loyalty.is_recomputed_customer('all_categories.customer_id', ref('int_customers_purchases_changed'), since) }}
    {%- endif %}
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
        order_totals.last_order_date,
        {{ loyalty.run_timestamp() }} as computed_at
    from order_totals
    left join category_counts
        on order_totals.customer_id = category_counts.customer_id
)

select * from final

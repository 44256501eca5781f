{#- Per customer (and per period of `grain`, when given): completed orders,
    revenue and the number of distinct product categories among the items of
    those orders. The building block of metric-spec 6; pass relations of
    completed orders (order_id, customer_id, amount, ordered_date), order
    items (order_id, product_id) and products (product_id, category). -#}
{% macro customer_purchases(orders, order_items, products, grain=none) -%}
    {%- set period = loyalty.period_start(orders ~ '.ordered_date', grain) if grain else "cast(null as date)" -%}
    select
        order_totals.period_start,
        order_totals.customer_id,
        order_totals.order_count,
        order_totals.revenue,
        coalesce(order_categories.category_count, 0) as category_count
    from (
        select
            {{ period }} as period_start,
            {{ orders }}.customer_id,
            count(*) as order_count,
            sum({{ orders }}.amount) as revenue
        from {{ orders }}
        group by {{ period }}, {{ orders }}.customer_id
    ) as order_totals
    left join (
        select
            {{ period }} as period_start,
            {{ orders }}.customer_id,
            count(distinct {{ products }}.category) as category_count
        from {{ orders }}
        inner join {{ order_items }}
            on {{ orders }}.order_id = {{ order_items }}.order_id
        inner join {{ products }}
            on {{ order_items }}.product_id = {{ products }}.product_id
        group by {{ period }}, {{ orders }}.customer_id
    ) as order_categories
        on
            order_totals.customer_id = order_categories.customer_id
            and (
                order_totals.period_start = order_categories.period_start
                or (order_totals.period_start is null and order_categories.period_start is null)
            )
{%- endmacro %}

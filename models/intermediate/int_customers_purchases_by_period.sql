{#- Completed orders, revenue and distinct categories per customer and period,
    for every grain in var reporting_grains. Orders are counted per calendar
    month once; quarters and years add up those months (counts and sums, never
    rates), and distinct categories come from the month rows of
    int_customers_categories_by_month. Incremental like it (docs/decisions.md,
    "Daily runs"): a build recomputes the customers
    int_customers_purchases_changed logged since this model last computed
    any. -#}
{{ config(**loyalty.recomputed_rows_config()) }}
-- depends_on: {{ ref('int_customers_purchases_changed') }}
{%- set since = loyalty.recompute_customers_since(ref('int_customers_purchases_changed')) %}

with

orders as (
    select * from {{ ref('int_orders_completed') }}
),

all_categories as {{ loyalty.inlined_cte() }} (
    {#- Read through each grain's categories (docs/decisions.md, "Import
        CTEs read twice are not copied"). -#}
    select * from {{ ref('int_customers_categories_by_month') }}
),

monthly_orders as (
    select
        orders.customer_id,
        {{ loyalty.period_start('orders.ordered_date', 'month') }} as month_start,
        count(*) as order_count,
        sum(orders.amount) as revenue
    from orders
    {%- if since %}
    where {{ loyalty.is_recomputed_customer('orders.customer_id', ref('int_customers_purchases_changed'), since) }}
    {%- endif %}
    group by orders.customer_id, {{ loyalty.period_start('orders.ordered_date', 'month') }}
),

categories as {{ loyalty.inlined_cte() }} (
    select all_categories.* from all_categories
    {%- if since %}
    where {{ loyalty.is_recomputed_customer('all_categories.customer_id', ref('int_customers_purchases_changed'), since) }}
    {%- endif %}
),

{% for grain in loyalty.reporting_grains() %}
{{ grain }}_orders as (
    select
        monthly_orders.customer_id,
        {{ loyalty.period_start('monthly_orders.month_start', grain) }} as period_start,
        sum(monthly_orders.order_count) as order_count,
        sum(monthly_orders.revenue) as revenue
    from monthly_orders
    group by monthly_orders.customer_id, {{ loyalty.period_start('monthly_orders.month_start', grain) }}
),

{{ grain }}_categories as (
    select
        categories.customer_id,
        {{ loyalty.period_start('categories.month_start', grain) }} as period_start,
        {#- A month's rows are distinct categories already (and a category is
            never null), so the month grain counts rows. -#}
        {{ 'count(*)' if grain == 'month' else 'count(distinct categories.category)' }} as category_count
    from categories
    group by categories.customer_id, {{ loyalty.period_start('categories.month_start', grain) }}
),

{% endfor -%}

final as (
    {%- for grain in loyalty.reporting_grains() %}
    select
        '{{ grain }}' as period_grain,
        {{ grain }}_orders.customer_id,
        {{ grain }}_orders.period_start,
        {{ grain }}_orders.order_count,
        {{ grain }}_orders.revenue,
        coalesce({{ grain }}_categories.category_count, 0) as category_count,
        {{ loyalty.run_timestamp() }} as computed_at
    from {{ grain }}_orders
    left join {{ grain }}_categories
        on
            {{ grain }}_orders.customer_id = {{ grain }}_categories.customer_id
            and {{ grain }}_orders.period_start = {{ grain }}_categories.period_start
    {%- if not loop.last %}

    union all
    {% endif -%}
    {% endfor %}
)

select * from final

{#- Completed orders, revenue and distinct categories per customer and period,
    for every grain in var reporting_grains. Orders are counted per calendar
    month once; quarters and years add up those months (counts and sums, never
    rates). Each month's categories, from int_customers_categories_by_month,
    become one set, and a quarter's or a year's are the union of its months'
    sets (docs/decisions.md, "Distinct categories as sets"). Incremental like
    it (docs/decisions.md, "Daily runs"): a build recomputes the customers
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
    {#- Read through the categories below (docs/decisions.md, "Import CTEs
        read twice are not copied"). -#}
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

distinct_categories as (
    select distinct categories.category from categories
),

numbered_categories as (
    {#- Each category numbered from 0 in category order (categories are
        distinct, so no two tie). -#}
    select
        distinct_categories.category,
        row_number() over (order by distinct_categories.category) - 1 as category_number,
        count(*) over () as category_total
    from distinct_categories
),

category_sets as (
    select
        numbered_categories.category,
        {{ loyalty.number_set('numbered_categories.category_number', 'numbered_categories.category_total') }}
            as category_set
    from numbered_categories
),

month_categories as (
    select
        categories.customer_id,
        categories.month_start,
        {{ loyalty.number_set_union('category_sets.category_set') }} as category_set
    from categories
    inner join category_sets
        on categories.category = category_sets.category
    group by categories.customer_id, categories.month_start
),

months as (
    {#- Every customer month with a completed order; its category set is
        null when none of its orders has an item. -#}
    select
        monthly_orders.customer_id,
        monthly_orders.month_start,
        monthly_orders.order_count,
        monthly_orders.revenue,
        month_categories.category_set
    from monthly_orders
    left join month_categories
        on
            monthly_orders.customer_id = month_categories.customer_id
            and monthly_orders.month_start = month_categories.month_start
),

{% for grain in loyalty.reporting_grains() %}
{{ grain }}_purchases as (
    {%- if grain == 'month' %}
    select
        months.customer_id,
        months.month_start as period_start,
        months.order_count,
        months.revenue,
        months.category_set
    from months
    {%- else %}
    select
        months.customer_id,
        {{ loyalty.period_start('months.month_start', grain) }} as period_start,
        sum(months.order_count) as order_count,
        sum(months.revenue) as revenue,
        {{ loyalty.number_set_union('months.category_set') }} as category_set
    from months
    group by months.customer_id, {{ loyalty.period_start('months.month_start', grain) }}
    {%- endif %}
),

{% endfor -%}

final as (
    {%- for grain in loyalty.reporting_grains() %}
    select
        '{{ grain }}' as period_grain,
        {{ grain }}_purchases.customer_id,
        {{ grain }}_purchases.period_start,
        {{ grain }}_purchases.order_count,
        {{ grain }}_purchases.revenue,
        {{ loyalty.number_set_size(grain ~ '_purchases.category_set') }} as category_count,
        {{ loyalty.run_timestamp() }} as computed_at
    from {{ grain }}_purchases
    {%- if not loop.last %}

    union all
    {% endif -%}
    {% endfor %}
)

select * from final

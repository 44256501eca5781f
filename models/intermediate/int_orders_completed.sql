{#- The orders every purchase metric counts: completed (docs/metrics.md section 1) and
    dated on or before as_of_date. A table (the intermediate default), not a
    view: twelve models read it, and its exact row count lets DuckDB put the
    smaller side of their joins in the hash table (docs/decisions.md,
    "Completed orders as a table"). Recomputed by customer in an incremental
    build (docs/decisions.md, "Daily runs"), like the purchase models: a
    customer's rows here are their staged completed orders up to
    as_of_date, which int_customers_purchases_changed logs the changes of. -#}
{{ config(**loyalty.recomputed_rows_config()) }}
-- depends_on: {{ ref('int_customers_purchases_changed') }}
{%- set since = loyalty.recompute_customers_since(ref('int_customers_purchases_changed')) %}

with

orders as (
    select * from {{ ref('stg_loyalty__orders') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

final as (
    select
        orders.order_id,
        orders.customer_id,
        orders.amount,
        orders.ordered_date,
        {{ loyalty.run_timestamp() }} as computed_at
    from orders
    cross join reporting_window
    where
        orders.is_completed
        and orders.ordered_date <= reporting_window.as_of_date
        {%- if since %}
        and {{ loyalty.is_recomputed_customer('orders.customer_id', ref('int_customers_purchases_changed'), since) }}
        {%- endif %}
)

select * from final

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

recomputed_orders as (
    select orders.* from orders
    {%- if since %}
    where {{ loyalty.is_recomputed_customer('orders.customer_id', ref('int_customers_purchases_changed'), since) }}
    {%- endif %}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

final as (
    select
        recomputed_orders.order_id,
        recomputed_orders.customer_id,
        recomputed_orders.amount,
        recomputed_orders.ordered_date,
        {{ loyalty.run_timestamp() }} as computed_at
    from recomputed_orders
    cross join reporting_window
    where
        recomputed_orders.is_completed
        and recomputed_orders.ordered_date <= reporting_window.as_of_date
)

select * from final

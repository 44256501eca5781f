{#- The orders every purchase metric counts: completed (docs/metrics.md section 1) and
    dated on or before as_of_date. A table (the intermediate default), not a
    view: twelve models read it, and its exact row count lets DuckDB put the
    smaller side of their joins in the hash table (docs/decisions.md,
    "Completed orders as a table"). -#}

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
        orders.ordered_date
    from orders
    cross join reporting_window
    where
        orders.is_completed
        and orders.ordered_date <= reporting_window.as_of_date
)

select * from final

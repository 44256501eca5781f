{#- The orders every purchase metric counts: completed (docs/metrics.md section 1) and
    dated on or before as_of_date. A view: a filter that every reader
    applies as it scans costs less than a copy of millions of rows. -#}
{{ config(materialized='view') }}

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

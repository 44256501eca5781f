{#- First order date (first completed order) and first activity date (the
    earlier of that and the first subscription start), docs/metrics.md section 3 and 4,
    counting only events on or before as_of_date. One row per customer with
    any such activity. -#}
with

orders as (
    select * from {{ ref('int_orders_completed') }}
),

subscriptions as (
    select * from {{ ref('stg_loyalty__subscriptions') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

first_orders as (
    select
        orders.customer_id,
        min(orders.ordered_date) as first_order_date
    from orders
    group by orders.customer_id
),

first_subscriptions as (
    select
        subscriptions.customer_id,
        min(subscriptions.started_date) as first_subscription_date
    from subscriptions
    cross join reporting_window
    where subscriptions.started_date <= reporting_window.as_of_date
    group by subscriptions.customer_id
),

final as (
    select
        coalesce(first_orders.customer_id, first_subscriptions.customer_id) as customer_id,
        first_orders.first_order_date,
        first_subscriptions.first_subscription_date,
        case
            when first_subscriptions.first_subscription_date is null then first_orders.first_order_date
            when first_orders.first_order_date is null then first_subscriptions.first_subscription_date
            when first_orders.first_order_date <= first_subscriptions.first_subscription_date
                then first_orders.first_order_date
            else first_subscriptions.first_subscription_date
        end as first_activity_date
    from first_orders
    full outer join first_subscriptions
        on first_orders.customer_id = first_subscriptions.customer_id
)

select * from final

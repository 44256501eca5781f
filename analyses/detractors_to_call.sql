-- Active, high-tier customers whose latest NPS answer is a detractor:
-- the list a customer-success team calls first.
with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customers.customer_id,
        customers.current_tier,
        customers.latest_nps_score,
        customers.revenue,
        customers.last_order_date
    from customers
    where
        customers.is_active
        and customers.latest_nps_category = 'detractor'
        and customers.current_tier_rank >= 3
)

select * from final
order by revenue desc

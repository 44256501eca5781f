with

base as (
    select * from {{ ref('base_loyalty__subscriptions') }}
),

final as (
    select
        base.subscription_id,
        base.customer_id,
        base.plan_id,
        base.monthly_amount,
        cast(base.started_at as date) as started_date,
        cast(base.ended_at as date) as ended_date,
        base.started_at,
        base.ended_at
    from base
    where base.rejection_reason is null
)

select * from final

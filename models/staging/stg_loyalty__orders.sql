with

base as (
    select * from {{ ref('base_loyalty__orders') }}
),

final as (
    select
        base.order_id,
        base.customer_id,
        base.status,
        base.amount,
        base.status = 'completed' as is_completed,
        cast(base.ordered_at as date) as ordered_date,
        base.ordered_at
    from base
    where base.rejection_reason is null
)

select * from final

with

base as (
    select * from {{ ref('base_loyalty__loyalty_members') }}
),

final as (
    select
        base.customer_id,
        base.program,
        cast(base.enrolled_at as date) as enrolled_date,
        cast(base.cancelled_at as date) as cancelled_date,
        base.enrolled_at,
        base.cancelled_at
    from base
    where base.rejection_reason is null
)

select * from final

with

base as (
    select * from {{ ref('base_loyalty__points_ledger') }}
),

final as (
    select
        base.entry_id,
        base.customer_id,
        base.entry_type,
        base.points,
        cast(base.occurred_at as date) as occurred_date,
        base.occurred_at
    from base
    where base.rejection_reason is null
)

select * from final

with

base as (
    select * from {{ ref('base_loyalty__products') }}
),

final as (
    select
        base.product_id,
        base.product_name,
        base.category
    from base
    where base.rejection_reason is null
)

select * from final

with

base as (
    select * from {{ ref('base_loyalty__order_items') }}
),

final as (
    select
        base.order_id,
        base.product_id,
        base.quantity,
        base.unit_price,
        cast(base.quantity * base.unit_price as {{ loyalty.type_money() }}) as line_amount
    from base
    where base.rejection_reason is null
)

select * from final

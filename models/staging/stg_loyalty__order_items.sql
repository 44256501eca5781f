with

base as (
    select * from {{ ref('base_loyalty__order_items') }}
),

first_of_repeated_keys as (
    {#- Check 5 (docs/metrics.md section 2): of the rows that passed checks
        1-4 and share a key, the first in source order is staged. -#}
    select
        base.order_id,
        base.product_id,
        min(base.source_row_number) as source_row_number
    from base
    where base.has_repeated_key and base.check_reason is null
    group by base.order_id, base.product_id
),

final as (
    select
        base.source_row_number,
        base.has_repeated_key,
        base.order_id,
        base.product_id,
        base.quantity,
        base.unit_price,
        {{ loyalty.pass_through_select('order_items', 'base') }}
        cast(base.quantity * base.unit_price as {{ loyalty.type_money() }}) as line_amount
    from base
    left join first_of_repeated_keys
        on base.source_row_number = first_of_repeated_keys.source_row_number
    where
        base.check_reason is null
        and (not base.has_repeated_key or first_of_repeated_keys.source_row_number is not null)
)

select * from final

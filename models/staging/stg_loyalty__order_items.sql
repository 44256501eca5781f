with

base as {{ loyalty.inlined_cte() }} (
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

staged as (
    {#- The rows staging keeps: those of a key held once that pass checks
        1-4, and the first row of each repeated key. Two plain reads, not a
        join or `in` over every row (docs/decisions.md, "Check 5 as a
        union"). -#}
    select base.* from base
    where base.check_reason is null and not base.has_repeated_key

    union all

    select base.* from base
    inner join first_of_repeated_keys
        on base.source_row_number = first_of_repeated_keys.source_row_number
    where base.has_repeated_key
),

final as (
    select
        staged.source_row_number,
        staged.has_repeated_key,
        staged.order_id,
        staged.product_id,
        staged.quantity,
        staged.unit_price,
        {{ loyalty.pass_through_select('order_items', 'staged') }}
        cast(staged.quantity * staged.unit_price as {{ loyalty.type_money() }}) as line_amount,
        staged.checked_at
    from staged
)

select * from final

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
    {#- A semi-join, not a left join: DuckDB then hashes the few first rows,
        not every staged row (docs/decisions.md, "Check 5 as a semi-join"). #}
    where
        base.check_reason is null
        and (
            not base.has_repeated_key
            or base.source_row_number in (select first_of_repeated_keys.source_row_number from first_of_repeated_keys)
        )
)

select * from final

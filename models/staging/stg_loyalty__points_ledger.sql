with

base as {{ loyalty.inlined_cte() }} (
    select * from {{ ref('base_loyalty__points_ledger') }}
),

first_of_repeated_keys as (
    {#- Check 5 (docs/metrics.md section 2): of the rows that passed checks
        1-4 and share a key, the first in source order is staged. -#}
    select
        base.entry_id,
        min(base.source_row_number) as source_row_number
    from base
    where base.has_repeated_key and base.check_reason is null
    group by base.entry_id
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
        staged.entry_id,
        staged.customer_id,
        staged.entry_type,
        staged.points,
        staged.partner,
        {{ loyalty.local_date('staged.occurred_at') }} as occurred_date,
        {{ loyalty.pass_through_select('points_ledger', 'staged') }}
        staged.occurred_at,
        staged.checked_at
    from staged
)

select * from final

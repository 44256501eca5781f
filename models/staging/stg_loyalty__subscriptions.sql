with

base as {{ loyalty.inlined_cte() }} (
    select * from {{ ref('base_loyalty__subscriptions') }}
),

first_of_repeated_keys as (
    {#- Check 5 (docs/metrics.md section 2): of the rows that passed checks
        1-4 and share a key, the first in source order is staged. -#}
    select
        base.subscription_id,
        min(base.source_row_number) as source_row_number
    from base
    where base.has_repeated_key and base.check_reason is null
    group by base.subscription_id
),

final as (
    select
        base.source_row_number,
        base.has_repeated_key,
        base.subscription_id,
        base.customer_id,
        base.plan_id,
        base.monthly_amount,
        {{ loyalty.local_date('base.started_at') }} as started_date,
        {{ loyalty.local_date('base.ended_at') }} as ended_date,
        base.started_at,
        {{ loyalty.pass_through_select('subscriptions', 'base') }}
        base.ended_at
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

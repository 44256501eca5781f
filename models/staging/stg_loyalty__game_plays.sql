with

base as (
    select * from {{ ref('base_loyalty__game_plays') }}
),

first_of_repeated_keys as (
    {#- Check 5 (docs/metrics.md section 2): of the rows that passed checks
        1-4 and share a key, the first in source order is staged. -#}
    select
        base.play_id,
        min(base.source_row_number) as source_row_number
    from base
    where base.has_repeated_key and base.check_reason is null
    group by base.play_id
),

final as (
    select
        base.source_row_number,
        base.has_repeated_key,
        base.play_id,
        base.customer_id,
        base.outcome,
        {{ loyalty.local_date('base.played_at') }} as played_date,
        {{ loyalty.pass_through_select('game_plays', 'base') }}
        base.played_at
    from base
    left join first_of_repeated_keys
        on base.source_row_number = first_of_repeated_keys.source_row_number
    where
        base.check_reason is null
        and (not base.has_repeated_key or first_of_repeated_keys.source_row_number is not null)
)

select * from final

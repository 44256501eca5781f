{{ config(meta={'key_columns': ['response_id']}) }}

with

parsed as {{ loyalty.inlined_cte() }} (
    select * from {{ ref('base_loyalty__survey_responses_parsed') }}
),

customers as (
    -- The staged customers' keys (docs/decisions.md, "Base models read base models").
    select customer_id from {{ ref('base_loyalty__customers') }}
    where check_reason is null and not has_repeated_key

    union all

    select distinct customer_id from {{ ref('base_loyalty__customers') }}
    where check_reason is null and has_repeated_key
),

checked as (
    select
        parsed.*,
        case
            when parsed.check_reason is not null then parsed.check_reason
            when {{ loyalty.local_date('parsed.responded_at') }} > {{ loyalty.run_date() }} then 'future_event: responded_at'
            when parsed.customer_id is not null and customers.customer_id is null
                then 'unknown_reference: customer_id'
        end as row_check_reason
    from parsed
    left join customers
        on parsed.customer_id = customers.customer_id
),

repeated_keys as (
    {#- Check 5 concerns only the keys that more than one raw row holds. -#}
    select parsed.response_id
    from parsed
    group by parsed.response_id
    having count(*) > 1
),

final as (
    select
        checked.source_row_number,
        checked.response_id,
        checked.customer_id,
        checked.survey_type,
        checked.touchpoint,
        checked.score,
        checked.responded_at,
        case
            when checked.row_check_reason is not null or repeated_keys.response_id is not null
                then {{ loyalty.raw_row_json(loyalty.event_source_columns('survey_responses'), relation='checked', restored=true) }}
        end as raw_row,
        checked.row_check_reason as check_reason,
        {{ loyalty.pass_through_select('survey_responses', 'checked') }}
        repeated_keys.response_id is not null as has_repeated_key
    from checked
    left join repeated_keys
        on checked.response_id = repeated_keys.response_id
)

select * from final

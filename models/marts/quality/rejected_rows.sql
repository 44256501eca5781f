with

{% for source_name in loyalty.loyalty_sources() %}
{{ source_name }} as (
    select * from {{ ref('base_loyalty__' ~ source_name) }}
),

{% endfor -%}

rejected as (
    {%- for source_name in loyalty.loyalty_sources() %}
    select
        '{{ source_name }}' as source,  -- noqa: RF04
        {{ source_name }}.row_key,
        {{ source_name }}.rejection_reason as reason,
        {{ source_name }}.raw_row,
        {{ source_name }}.source_row_number
    from {{ source_name }}
    where {{ source_name }}.rejection_reason is not null
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        rejected.source,
        rejected.row_key,
        rejected.reason,
        {{ dbt.split_part('rejected.reason', "':'", 1) }} as reason_code,
        rejected.raw_row,
        case {{ dbt.split_part('rejected.reason', "':'", 1) }}
            when 'missing_value' then 1
            when 'invalid_value' then 1
            when 'out_of_domain' then 2
            when 'future_event' then 3
            when 'unknown_reference' then 4
            when 'duplicate_key' then 5
        end as check_number,
        rejected.source_row_number
    from rejected
)

select * from final

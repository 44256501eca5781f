with

{% for source_name in loyalty.loyalty_sources() %}
{{ source_name }} as (
    select * from {{ ref('base_loyalty__' ~ source_name) }}
    where check_reason is not null or has_repeated_key
),

staged_{{ source_name }} as (
    select staged.source_row_number
    from {{ ref('stg_loyalty__' ~ source_name) }} as staged
    where staged.has_repeated_key
),

{% endfor -%}

rejected as (
    {#- Rejected by checks 1-4, or a row of a repeated key that passed them
        but was not the one staged (check 5). -#}
    {%- for source_name in loyalty.loyalty_sources() %}
    select
        '{{ source_name }}' as source,  -- noqa: RF04
        {%- set key_columns = loyalty.source_key_columns(source_name) %}
        {%- if key_columns | length == 1 %}
        {{ source_name }}.{{ key_columns[0] }} as row_key,
        {%- else %}
        {%- for key in key_columns %}
        coalesce({{ source_name }}.{{ key }}, ''){{ " || '|' ||" if not loop.last }}
        {%- endfor %} as row_key,
        {%- endif %}
        coalesce(
            {{ source_name }}.check_reason,
            'duplicate_key: {{ key_columns | join(", ") }}'
        ) as reason,
        {{ source_name }}.raw_row,
        {{ source_name }}.source_row_number
    from {{ source_name }}
    left join staged_{{ source_name }}
        on {{ source_name }}.source_row_number = staged_{{ source_name }}.source_row_number
    where
        {{ source_name }}.check_reason is not null
        or ({{ source_name }}.has_repeated_key and staged_{{ source_name }}.source_row_number is null)
    {%- if not loop.last %}

    union all
    {% endif %}
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
            when 'malformed_row' then 1
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

{#- The final rejection reason of a raw row (metric-spec 2): the reason of
    checks 1-4 when there is one, else `duplicate_key: <key>` for every row
    but the first (in source order, then by raw text) among the rows of its
    key that passed checks 1-4; null for the one staged row per key.
    Use it in a select over a CTE with `source_row_number` and `raw_row`. -#}
{% macro rejection_reason(check_reason, key_columns, key_name) -%}
    coalesce(
        {{ check_reason }},
        case
            when row_number() over (
                partition by {{ key_columns | join(', ') }}, {{ check_reason }}
                order by source_row_number, {{ loyalty.binary_order("raw_row") }}
            ) > 1
                then 'duplicate_key: {{ key_name }}'
        end
    )
{%- endmacro %}

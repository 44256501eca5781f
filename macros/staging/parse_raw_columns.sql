{% macro parse_raw_columns(columns, relation) -%}
    {%- for column in columns %}
        {%- set text = relation ~ '.' ~ column.name ~ '_text' %}
        {%- if column.type == 'text' %}
        {{ text }} as {{ column.name }}
        {%- elif column.type == 'enum' %}
        lower({{ text }}) as {{ column.name }}
        {%- elif column.type == 'timestamp' and loyalty.reporting_timezone() != 'UTC' %}
        {#- A date without a time is its midnight in the reporting time zone. #}
        case
            when length({{ text }}) = 10 then {{ loyalty.local_to_utc(loyalty.parse_timestamp(text)) }}
            else {{ loyalty.parse_timestamp(text) }}
        end as {{ column.name }}
        {%- elif column.type == 'timestamp' %}
        {{ loyalty.parse_timestamp(text) }} as {{ column.name }}
        {%- elif column.type == 'money' %}
        {{ loyalty.parse_money(text) }} as {{ column.name }}
        {%- elif column.type == 'integer' %}
        {{ loyalty.parse_integer(text) }} as {{ column.name }}
        {%- else %}
        {{ exceptions.raise_compiler_error("parse_raw_columns: unknown type '" ~ column.type
            ~ "' for column " ~ column.name ~ "; use text, enum, timestamp, money or integer") }}
        {%- endif %}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro parse_integer(text) %}
    {{ return(adapter.dispatch('parse_integer', 'loyalty')(text)) }}
{% endmacro %}

{% macro default__parse_integer(text) %}
    {%- set number = loyalty.parse_number(text) -%}
    case
        when {{ number }} = floor({{ number }}) and abs({{ number }}) < 2147483648
            then cast({{ number }} as {{ dbt.type_int() }})
    end
{%- endmacro %}

{#- DuckDB: up to 9 plain digits are an integer as they stand. -#}
{% macro duckdb__parse_integer(text) %}
    case
        when regexp_full_match({{ text }}, '[+-]?[0-9]{1,9}') then cast({{ text }} as {{ dbt.type_int() }})
        else {{ loyalty.default__parse_integer(text) }}
    end
{%- endmacro %}

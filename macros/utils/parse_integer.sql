{% macro parse_integer(text) %}
    {{ return(adapter.dispatch('parse_integer', 'loyalty')(text)) }}
{% endmacro %}

{#- `fast_path`: a condition under which the text casts as it stands. -#}
{% macro default__parse_integer(text, fast_path=none) %}
    {%- set number = loyalty.parse_number(text) -%}
    case
        {%- if fast_path %}
        when {{ fast_path }} then cast({{ text }} as {{ dbt.type_int() }})
        {%- endif %}
        when {{ number }} = floor({{ number }}) and abs({{ number }}) < 2147483648
            then cast({{ number }} as {{ dbt.type_int() }})
    end
{%- endmacro %}

{#- DuckDB: up to 9 plain digits are an integer as they stand. -#}
{% macro duckdb__parse_integer(text) %}
    {{ loyalty.default__parse_integer(text, "regexp_full_match(" ~ text ~ ", '[+-]?[0-9]{1,9}')") }}
{%- endmacro %}

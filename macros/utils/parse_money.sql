{% macro parse_money(text) %}
    {{ return(adapter.dispatch('parse_money', 'loyalty')(text)) }}
{% endmacro %}

{% macro default__parse_money(text) %}
    {%- set number = loyalty.parse_number(text) -%}
    case
        when abs(round({{ number }}, 2)) < 10000000000000000
            then cast(round({{ number }}, 2) as {{ loyalty.type_money() }})
    end
{%- endmacro %}

{#- DuckDB: at most 16 digits and 2 decimals cast exactly, with no rounding;
    a failing try_cast is exactly "10^16 or more" for the rest. -#}
{% macro duckdb__parse_money(text) %}
    case
        when regexp_full_match({{ text }}, '[+-]?[0-9]{1,16}([.][0-9]{1,2})?')
            then cast({{ text }} as {{ loyalty.type_money() }})
        else try_cast(round({{ loyalty.parse_number(text) }}, 2) as {{ loyalty.type_money() }})
    end
{%- endmacro %}

{#- The one money type of the project: decimal(18, 2). -#}
{% macro type_money() %}
    {{ return(adapter.dispatch('type_money', 'loyalty')()) }}
{% endmacro %}

{% macro default__type_money() -%}
    decimal(18, 2)
{%- endmacro %}

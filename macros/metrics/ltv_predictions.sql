{#- The relation holding BG/NBD + Gamma-Gamma predictions per customer. On
    DuckDB, the Python model int_customers_ltv_predictions. Elsewhere (no
    Python models) the SQL fallback: every customer of int_customers_rfm with
    null predictions and model_status 'not fitted: no python model on <adapter>'. -#}
{% macro ltv_predictions() %}
    {{ return(adapter.dispatch('ltv_predictions', 'loyalty')()) }}
{% endmacro %}

{% macro duckdb__ltv_predictions() %}
    {{ return(ref('int_customers_ltv_predictions')) }}
{% endmacro %}

{% macro default__ltv_predictions() %}
    {%- set fallback -%}
        (
            select
                rfm.customer_id,
                cast(null as {{ loyalty.type_double() }}) as p_alive,
                cast(null as {{ loyalty.type_double() }}) as expected_purchases,
                cast(null as {{ loyalty.type_double() }}) as expected_order_value,
                cast(null as {{ loyalty.type_double() }}) as predicted_ltv,
                cast('not fitted: no python model on {{ target.type }}' as {{ dbt.type_string() }}) as model_status
            from {{ ref('int_customers_rfm') }} as rfm
        ) as ltv_fallback
    {%- endset -%}
    {{ return(fallback) }}
{% endmacro %}

{% macro mrr_movement(previous_mrr, mrr, had_mrr_before) -%}
    case
        when {{ previous_mrr }} = 0 and {{ mrr }} > 0 and not {{ had_mrr_before }} then 'new'
        when {{ previous_mrr }} = 0 and {{ mrr }} > 0 then 'reactivation'
        when {{ previous_mrr }} > 0 and {{ mrr }} = 0 then 'churn'
        when {{ previous_mrr }} > 0 and {{ mrr }} > {{ previous_mrr }} then 'expansion'
        when {{ previous_mrr }} > 0 and {{ mrr }} < {{ previous_mrr }} then 'contraction'
        else 'unchanged'
    end
{%- endmacro %}
